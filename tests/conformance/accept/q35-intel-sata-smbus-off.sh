# accept: -M q35,sata=off,smbus=off: no 1f.2 / 1f.3; fewer unattached devices before the PXBs
qemu-system-x86_64 \
  -M q35,sata=off,smbus=off \
  -device intel-iommu,id=viommu \
  -device pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=0x10 \
  -device pcie-root-port,id=rp10,bus=pxb1,chassis=10 \
  -device pxb-pcie,id=pxb2,bus=pcie.0,bus_nr=0x20 \
  -device pcie-root-port,id=rp20,bus=pxb2,chassis=20 \
  -device pxb-pcie,id=pxb3,bus=pcie.0,bus_nr=0x30 \
  -device pcie-root-port,id=rp30,bus=pxb3,chassis=30
