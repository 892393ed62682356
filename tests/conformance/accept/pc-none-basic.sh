# accept: pc without a vIOMMU
qemu-system-x86_64 \
  -M pc \
  -device e1000,id=nic1,bus=pci.0
