# reject: pxb-pcie behind a root port
qemu-system-x86_64 \
  -M q35 \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 \
  -device pxb-pcie,id=pxb1,bus=rp1,bus_nr=0x10
