# reject: the pxb property is bypass_iommu; device options are not dash-normalised
qemu-system-x86_64 \
  -M q35 \
  -device intel-iommu \
  -device pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=0x10,bypass-iommu=on
