# reject: a device without bus= after a PXB lands on the newest PXB root bus
qemu-system-x86_64 \
  -M q35 \
  -device pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=0x10 \
  -device e1000e,id=nic1
