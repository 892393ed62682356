# accept: virtio-iommu: the pcie.0 range extends to the switch subordinate bus
qemu-system-x86_64 \
  -M q35 \
  -device virtio-iommu-pci,id=viommu,bus=pcie.0 \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 \
  -device x3130-upstream,id=up1,bus=rp1 \
  -device xio3130-downstream,id=dn1,bus=up1,chassis=2,slot=0 \
  -device e1000e,id=nic1,bus=dn1
