# reject: two intel-iommu devices
qemu-system-x86_64 \
  -M q35 \
  -device intel-iommu,id=i1 \
  -device intel-iommu,id=i2
