# accept: virt without a vIOMMU: all untranslated; IORT RC maps everything to the ITS
qemu-system-aarch64 \
  -M virt \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 \
  -device e1000e,id=nic1,bus=rp1
