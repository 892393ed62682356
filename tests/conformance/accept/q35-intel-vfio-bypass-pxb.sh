# accept: vfio-pci behind a bypassed PXB (no-iommu passthrough next to a translated NIC); intel-iommu still needs caching-mode=on for any vfio-pci (checked at machine done)
# substitution: the harness runs vfio-pci as an emulated e1000e with the same id at the same place (no host device here); the engine models vfio-pci.
qemu-system-x86_64 \
  -M q35 \
  -device intel-iommu,id=viommu,caching-mode=on \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 \
  -device e1000e,id=nic1,bus=rp1 \
  -device pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=0x10,bypass_iommu=on \
  -device pcie-root-port,id=rp10,bus=pxb1,chassis=10 \
  -device vfio-pci,id=hostdev0,bus=rp10,host=0000:3b:00.0
