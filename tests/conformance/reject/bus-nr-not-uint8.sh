# reject: bus_nr is a uint8
qemu-system-x86_64 \
  -M q35 \
  -device pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=256
