# accept: a switch behind a PXB root port: buses 0x11..0x13
qemu-system-x86_64 \
  -M q35 \
  -device intel-iommu,id=viommu \
  -device pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=0x10 \
  -device pcie-root-port,id=rp10,bus=pxb1,chassis=10 \
  -device x3130-upstream,id=up1,bus=rp10 \
  -device xio3130-downstream,id=dn1,bus=up1,chassis=11,slot=0 \
  -device e1000e,id=nic1,bus=dn1
