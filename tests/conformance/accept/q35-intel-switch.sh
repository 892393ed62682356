# accept: a switch (x3130-upstream + two xio3130-downstream) behind a root port: guest buses 1..4, all translated
qemu-system-x86_64 \
  -M q35 \
  -device intel-iommu,id=viommu \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 \
  -device x3130-upstream,id=up1,bus=rp1 \
  -device xio3130-downstream,id=dn1,bus=up1,chassis=2,slot=0 \
  -device xio3130-downstream,id=dn2,bus=up1,chassis=3,slot=0,addr=0x1 \
  -device e1000e,id=nic1,bus=dn1 \
  -device e1000e,id=nic2,bus=dn2
