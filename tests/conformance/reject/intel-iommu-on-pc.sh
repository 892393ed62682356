# reject: intel-iommu is only a dynamic sysbus device on q35
qemu-system-x86_64 \
  -M pc \
  -device intel-iommu
