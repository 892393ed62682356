# accept: no vIOMMU: vfio-pci untranslated
# substitution: the harness runs vfio-pci as an emulated e1000e with the same id at the same place (no host device here); the engine models vfio-pci.
qemu-system-x86_64 \
  -M q35 \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 \
  -device vfio-pci,id=hostdev0,bus=rp1,host=0000:3b:00.0
