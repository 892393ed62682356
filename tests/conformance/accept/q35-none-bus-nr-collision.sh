# accept: pxb bus_nr=3 below what pcie.0 needs (four root ports): QEMU accepts; SeaBIOS numbers the pcie.0 ports 1..4 over the PXB bus
qemu-system-x86_64 \
  -M q35 \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 \
  -device pcie-root-port,id=rp2,bus=pcie.0,chassis=2 \
  -device pcie-root-port,id=rp3,bus=pcie.0,chassis=3 \
  -device pcie-root-port,id=rp4,bus=pcie.0,chassis=4 \
  -device e1000e,id=nic1,bus=rp1 \
  -device e1000e,id=nic2,bus=rp2 \
  -device e1000e,id=nic3,bus=rp3 \
  -device e1000e,id=nic4,bus=rp4 \
  -device pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=3 \
  -device pcie-root-port,id=rp10,bus=pxb1,chassis=10 \
  -device e1000e,id=nic10,bus=rp10
