# accept: no vIOMMU: switch, pci-bridge and pcie-pci-bridge numbering
qemu-system-x86_64 \
  -M q35 \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 \
  -device x3130-upstream,id=up1,bus=rp1 \
  -device xio3130-downstream,id=dn1,bus=up1,chassis=2,slot=0 \
  -device e1000e,id=nic1,bus=dn1 \
  -device pcie-root-port,id=rp2,bus=pcie.0,chassis=3 \
  -device pcie-pci-bridge,id=ppb1,bus=rp2 \
  -device e1000,id=nic2,bus=ppb1,addr=0x1 \
  -device pci-bridge,id=br1,bus=pcie.0,chassis_nr=4 \
  -device e1000,id=nic3,bus=br1,addr=0x2
