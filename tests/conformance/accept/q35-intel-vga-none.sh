# accept: -vga none: the default NIC moves to 01.0
qemu-system-x86_64 \
  -M q35 \
  -vga none \
  -device intel-iommu,id=viommu \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 \
  -device e1000e,id=nic1,bus=rp1 \
  -device pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=0x10 \
  -device pcie-root-port,id=rp10,bus=pxb1,chassis=10 \
  -device pxb-pcie,id=pxb2,bus=pcie.0,bus_nr=0x20 \
  -device pcie-root-port,id=rp20,bus=pxb2,chassis=20
