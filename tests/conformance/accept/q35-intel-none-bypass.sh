# accept: two translated PXBs: DMAR lists their root ports with start bus = bus_nr
qemu-system-x86_64 \
  -M q35 \
  -device intel-iommu,id=viommu \
  -device pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=0x10 \
  -device pcie-root-port,id=rp10,bus=pxb1,chassis=10 \
  -device e1000e,id=nic10,bus=rp10 \
  -device pxb-pcie,id=pxb2,bus=pcie.0,bus_nr=0x20 \
  -device pcie-root-port,id=rp20,bus=pxb2,chassis=20 \
  -device e1000e,id=nic20,bus=rp20
