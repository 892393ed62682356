# accept: an endpoint at slot 1 behind a root port: 7.2 silent, 10.0 warns; guests do not see it but QEMU builds it at 01:01.0
qemu-system-x86_64 \
  -M q35 \
  -device intel-iommu,id=viommu \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 \
  -device e1000e,id=nic1,bus=rp1,addr=0x1
