# reject: intel-iommu does not exist in qemu-system-aarch64
qemu-system-aarch64 \
  -M virt \
  -device intel-iommu
