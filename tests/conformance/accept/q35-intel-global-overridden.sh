# accept: -global q35-pcihost.bypass-iommu=on is overridden by the machine property: pcie.0 stays translated
qemu-system-x86_64 \
  -M q35 \
  -global q35-pcihost.bypass-iommu=on \
  -device intel-iommu,id=viommu \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 \
  -device e1000e,id=nic1,bus=rp1
