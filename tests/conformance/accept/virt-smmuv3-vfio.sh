# accept: virt smmuv3 with vfio-pci behind a root port
# substitution: the harness runs vfio-pci as an emulated e1000e with the same id at the same place (no host device here); the engine models vfio-pci.
qemu-system-aarch64 \
  -M virt,iommu=smmuv3 \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 \
  -device vfio-pci,id=hostdev0,bus=rp1,host=0000:3b:00.0
