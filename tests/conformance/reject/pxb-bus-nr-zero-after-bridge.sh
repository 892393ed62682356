# reject: bus_nr=0 once a bridge exists: its secondary bus is still 0 at realize
qemu-system-x86_64 \
  -M q35 \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 \
  -device pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=0
