# reject: two user devices at the same address: QEMU names the first one with its id
qemu-system-x86_64 \
  -M q35 \
  -device e1000e,id=nic1,bus=pcie.0,addr=0x5 \
  -device e1000e,id=nic2,bus=pcie.0,addr=0x5
