# reject: bypass_iommu=1 is not a bool QEMU accepts
qemu-system-x86_64 \
  -M q35 \
  -device intel-iommu \
  -device pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=0x10,bypass_iommu=1
