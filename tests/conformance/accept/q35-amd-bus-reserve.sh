# accept: amd-iommu with bus-reserve: the IVRS range covers the reserved buses
qemu-system-x86_64 \
  -M q35 \
  -device amd-iommu,id=viommu \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1,bus-reserve=2 \
  -device e1000e,id=nic1,bus=rp1 \
  -device pcie-root-port,id=rp2,bus=pcie.0,chassis=2 \
  -device e1000e,id=nic2,bus=rp2
