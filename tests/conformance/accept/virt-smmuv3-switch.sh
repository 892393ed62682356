# accept: virt smmuv3: a switch behind a root port extends the pcie.0 range
qemu-system-aarch64 \
  -M virt,iommu=smmuv3 \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 \
  -device x3130-upstream,id=up1,bus=rp1 \
  -device xio3130-downstream,id=dn1,bus=up1,chassis=2,slot=0 \
  -device e1000e,id=nic1,bus=dn1
