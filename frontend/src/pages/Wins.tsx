// Successen / Wins: the celebration feed lives with the rest of recognition.
export { WinsPage } from '../recognition/WinsPage';
