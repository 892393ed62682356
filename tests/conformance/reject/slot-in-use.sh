# reject: an endpoint at 00.0, where mch sits
qemu-system-x86_64 \
  -M q35 \
  -device e1000e,id=nic1,bus=pcie.0,addr=0x0
