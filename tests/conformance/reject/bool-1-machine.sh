# reject: default_bus_bypass_iommu=1 is not a bool QEMU accepts
qemu-system-x86_64 \
  -M q35,default_bus_bypass_iommu=1 \
  -device intel-iommu
