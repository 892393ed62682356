# reject: an endpoint directly on a pxb-pcie root bus
qemu-system-x86_64 \
  -M q35 \
  -device pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=0x10 \
  -device e1000e,id=nic1,bus=pxb1
