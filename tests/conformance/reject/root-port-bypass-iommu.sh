# reject: bypass_iommu is a property of PXBs only, not of root ports
qemu-system-x86_64 \
  -M q35 \
  -device intel-iommu \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1,bypass_iommu=on
