# reject: virt iommu=smmuv3 with a virtio-iommu-pci
qemu-system-aarch64 \
  -M virt,iommu=smmuv3 \
  -device virtio-iommu-pci,id=viommu,bus=pcie.0
