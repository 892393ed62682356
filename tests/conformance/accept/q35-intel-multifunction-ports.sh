# accept: root ports as functions of one slot (libvirt layout): 02.0 multifunction=on, 02.1, 02.2
qemu-system-x86_64 \
  -M q35 \
  -nodefaults \
  -device intel-iommu,id=viommu \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1,addr=0x2.0,multifunction=on \
  -device pcie-root-port,id=rp2,bus=pcie.0,chassis=2,addr=0x2.1 \
  -device pcie-root-port,id=rp3,bus=pcie.0,chassis=3,addr=0x2.2 \
  -device e1000e,id=nic1,bus=rp1 \
  -device e1000e,id=nic3,bus=rp3
