# reject: two PXBs with the same bus_nr
qemu-system-x86_64 \
  -M q35 \
  -device pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=16 \
  -device pxb-pcie,id=pxb2,bus=pcie.0,bus_nr=16
