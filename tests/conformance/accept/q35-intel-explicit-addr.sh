# accept: explicit addr= on pcie.0 for ports and the PXB
qemu-system-x86_64 \
  -M q35 \
  -device intel-iommu,id=viommu \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1,addr=0x8 \
  -device e1000e,id=nic1,bus=rp1 \
  -device pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=0x20,addr=0xa \
  -device pcie-root-port,id=rp20,bus=pxb1,chassis=20 \
  -device e1000e,id=nic20,bus=rp20
