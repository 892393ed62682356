# accept: pc + virtio-iommu with a translated legacy pxb and a pci-bridge
qemu-system-x86_64 \
  -M pc \
  -device virtio-iommu-pci,id=viommu,bus=pci.0 \
  -device pxb,id=pxb1,bus=pci.0,bus_nr=0x10 \
  -device e1000,id=nic10,bus=pxb1,addr=0x1 \
  -device pci-bridge,id=br1,bus=pci.0,chassis_nr=1 \
  -device e1000,id=nic2,bus=br1,addr=0x1
