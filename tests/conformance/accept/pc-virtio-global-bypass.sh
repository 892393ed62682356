# accept: pc: -global i440FX-pcihost.bypass-iommu=on does bypass pci.0 (VIOT has no PCI range)
qemu-system-x86_64 \
  -M pc \
  -global i440FX-pcihost.bypass-iommu=on \
  -device virtio-iommu-pci,id=viommu,bus=pci.0 \
  -device e1000,id=nic1,bus=pci.0
