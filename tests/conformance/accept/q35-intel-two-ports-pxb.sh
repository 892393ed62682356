# accept: two root ports on pcie.0 and two on a PXB: firmware numbers pcie.0 1..2 and the PXB 0x11..0x12
qemu-system-x86_64 \
  -M q35 \
  -device intel-iommu,id=viommu \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 \
  -device pcie-root-port,id=rp2,bus=pcie.0,chassis=2 \
  -device e1000e,id=nic1,bus=rp1 \
  -device e1000e,id=nic2,bus=rp2 \
  -device pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=0x10 \
  -device pcie-root-port,id=rp10,bus=pxb1,chassis=10 \
  -device pcie-root-port,id=rp11,bus=pxb1,chassis=11,addr=0x1 \
  -device e1000e,id=nic10,bus=rp10 \
  -device e1000e,id=nic11,bus=rp11
