# accept: virt smmuv3 with three PXBs (one bypassed) and a switch on pcie.0: IORT RC ranges sorted, ITS gaps between
qemu-system-aarch64 \
  -M virt,iommu=smmuv3 \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 \
  -device x3130-upstream,id=up1,bus=rp1 \
  -device xio3130-downstream,id=dn1,bus=up1,chassis=2,slot=0 \
  -device e1000e,id=nic1,bus=dn1 \
  -device pxb-pcie,id=pxb3,bus=pcie.0,bus_nr=0x30 \
  -device pcie-root-port,id=rp30,bus=pxb3,chassis=30 \
  -device pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=0x10,bypass_iommu=on \
  -device pcie-root-port,id=rp10,bus=pxb1,chassis=10 \
  -device pxb-pcie,id=pxb2,bus=pcie.0,bus_nr=0x20 \
  -device pcie-root-port,id=rp20,bus=pxb2,chassis=20 \
  -device e1000e,id=nic20,bus=rp20
