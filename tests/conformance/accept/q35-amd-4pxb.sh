# accept: amd-iommu with four PXBs: IVRS host-bridge order is the QOM hash order
qemu-system-x86_64 \
  -M q35 \
  -device amd-iommu,id=viommu \
  -device pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=0x10 \
  -device pcie-root-port,id=rp10,bus=pxb1,chassis=10 \
  -device e1000e,id=nic10,bus=rp10 \
  -device pxb-pcie,id=pxb2,bus=pcie.0,bus_nr=0x20 \
  -device pcie-root-port,id=rp20,bus=pxb2,chassis=20 \
  -device e1000e,id=nic20,bus=rp20 \
  -device pxb-pcie,id=pxb3,bus=pcie.0,bus_nr=0x30,bypass_iommu=on \
  -device pcie-root-port,id=rp30,bus=pxb3,chassis=30 \
  -device e1000e,id=nic30,bus=rp30 \
  -device pxb-pcie,id=pxb4,bus=pcie.0,bus_nr=0x40 \
  -device pcie-root-port,id=rp40,bus=pxb4,chassis=40 \
  -device e1000e,id=nic40,bus=rp40
