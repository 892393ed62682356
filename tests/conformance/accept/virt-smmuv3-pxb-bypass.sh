# accept: virt smmuv3 with a translated and a bypassed PXB (the notes' a1 topology)
qemu-system-aarch64 \
  -M virt,iommu=smmuv3 \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 \
  -device e1000e,id=nic1,bus=rp1 \
  -device pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=0x10 \
  -device pcie-root-port,id=rp10,bus=pxb1,chassis=10 \
  -device e1000e,id=nic10,bus=rp10 \
  -device pxb-pcie,id=pxb2,bus=pcie.0,bus_nr=0x20,bypass_iommu=on \
  -device pcie-root-port,id=rp20,bus=pxb2,chassis=20 \
  -device e1000e,id=nic20,bus=rp20
