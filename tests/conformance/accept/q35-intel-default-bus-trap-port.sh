# accept: a root port without bus= after a PXB lands on the newest PXB root bus (and is numbered there)
qemu-system-x86_64 \
  -M q35 \
  -device intel-iommu,id=viommu \
  -device pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=0x10 \
  -device pcie-root-port,id=rp1,chassis=1 \
  -device e1000e,id=nic1,bus=rp1
