# accept: pc legacy pxb bypass_iommu=on: VIOT omits its bus but DMA is still translated (requester-id alias to the pxb on pci.0)
qemu-system-x86_64 \
  -M pc \
  -device virtio-iommu-pci,id=viommu,bus=pci.0 \
  -device pxb,id=pxb1,bus=pci.0,bus_nr=0x10,bypass_iommu=on \
  -device e1000,id=nic10,bus=pxb1,addr=0x1
