# accept: pc default_bus_bypass_iommu=on is accepted and ignored
qemu-system-x86_64 \
  -M pc,default_bus_bypass_iommu=on \
  -device virtio-iommu-pci,id=viommu,bus=pci.0 \
  -device e1000,id=nic1,bus=pci.0
