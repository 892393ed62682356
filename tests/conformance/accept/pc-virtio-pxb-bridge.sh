# accept: pc + virtio-iommu: a pci-bridge behind a legacy pxb (buses 0x11, 0x12)
qemu-system-x86_64 \
  -M pc \
  -device virtio-iommu-pci,id=viommu,bus=pci.0 \
  -device pxb,id=pxb1,bus=pci.0,bus_nr=0x10 \
  -device pci-bridge,id=br1,bus=pxb1,chassis_nr=3,addr=0x1 \
  -device e1000,id=nic1,bus=br1,addr=0x1
