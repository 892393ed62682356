# reject: intel-iommu and virtio-iommu-pci together on x86
qemu-system-x86_64 \
  -M q35 \
  -device intel-iommu \
  -device virtio-iommu-pci,id=viommu,bus=pcie.0
