# accept: pc + virtio-iommu-pci: VIOT with pci.0
qemu-system-x86_64 \
  -M pc \
  -device virtio-iommu-pci,id=viommu,bus=pci.0 \
  -device e1000,id=nic1,bus=pci.0
