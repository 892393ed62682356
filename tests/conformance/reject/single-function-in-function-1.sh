# reject: function 1 of a slot whose function 0 is single-function
qemu-system-x86_64 \
  -M q35 \
  -device e1000e,id=nic1,bus=pcie.0,addr=0x5.0 \
  -device e1000e,id=nic2,bus=pcie.0,addr=0x5.1
