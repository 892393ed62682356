# reject: two root ports with the same (chassis, slot)
qemu-system-x86_64 \
  -M q35 \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 \
  -device pcie-root-port,id=rp2,bus=pcie.0,chassis=1
