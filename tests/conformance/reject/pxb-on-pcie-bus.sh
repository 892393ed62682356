# reject: legacy pxb on q35 pcie.0
qemu-system-x86_64 \
  -M q35 \
  -device pxb,id=pxb1,bus=pcie.0,bus_nr=0x10
