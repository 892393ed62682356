# accept: bus-reserve=3 on a root port in front of an endpoint: the next port starts after the reserved buses
qemu-system-x86_64 \
  -M q35 \
  -device intel-iommu,id=viommu \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1,bus-reserve=3 \
  -device e1000e,id=nic1,bus=rp1 \
  -device pcie-root-port,id=rp2,bus=pcie.0,chassis=2 \
  -device e1000e,id=nic2,bus=rp2
