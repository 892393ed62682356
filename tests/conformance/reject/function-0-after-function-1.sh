# reject: adding function 0 without multifunction=on after function 1 exists
qemu-system-x86_64 \
  -M q35 \
  -device e1000e,id=nic2,bus=pcie.0,addr=0x5.1 \
  -device e1000e,id=nic1,bus=pcie.0,addr=0x5.0
