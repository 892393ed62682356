# accept: q35 without a vIOMMU: every function untranslated (none), no vIOMMU table
qemu-system-x86_64 \
  -M q35 \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 \
  -device e1000e,id=nic1,bus=rp1
