# accept: q35 + intel-iommu: every function on pcie.0 and behind a root port is translated
qemu-system-x86_64 \
  -M q35 \
  -device intel-iommu,id=viommu \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 \
  -device e1000e,id=nic1,bus=rp1
