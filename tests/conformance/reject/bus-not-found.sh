# reject: bus= names a bus that does not exist
qemu-system-x86_64 \
  -M q35 \
  -device e1000e,id=nic1,bus=rp99
